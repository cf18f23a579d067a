from tilstand.cli import main

raise SystemExit(main())
