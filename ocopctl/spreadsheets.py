"""Spreadsheets in and out, through openpyxl."""
