from checker.app.cli import main

raise SystemExit(main())
