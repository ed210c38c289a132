from cramplog.cli import main

main()
