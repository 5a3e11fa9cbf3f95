"""A test WinRM service: WS-Management WinRS shells over HTTP(S) with Windows' authentication and message encryption."""
