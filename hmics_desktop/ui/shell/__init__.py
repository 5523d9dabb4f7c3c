"""The main window, its welcome page, the edit controller and the error dialog."""
