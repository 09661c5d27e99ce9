from ocopctl.cli import app

app(prog_name="ocopctl")
