"""Committee papers in the application: the paper dialog, the kept papers, the PDF writer."""
