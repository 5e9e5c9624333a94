"""`python -m supportdesk ...` runs the same CLI as the `supportdesk` command."""

from supportdesk.cli import main

main()
