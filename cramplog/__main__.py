from cramplog.entry import main

main()
