"""Charts, the clinician report (PDF/HTML) and CSV export.

Kept free of imports here: matplotlib and fpdf2 load only when a report is made.
"""
