"""The adversarial corpus: hostile and careless cases for every ocopctl command (see README.md)."""
