"""The process's end (`bbvalues.__main__.exit_promptly`): buffered output is written or its loss said, exit
handlers run, and the interpreter's teardown only while another thread is alive."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import ROOT

# An object whose finaliser prints during the interpreter's teardown shows whether the teardown ran.
_SCRIPT = textwrap.dedent("""\
    import sys
    from bbvalues.__main__ import exit_promptly

    class Finalised:
        def __del__(self):
            sys.stderr.write("torn down\\n")

    kept = Finalised()
    {setup}
    sys.stdout.write("data not flushed yet")
    exit_promptly(3)
""")


def _run_script(setup: str = "", stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-c", _SCRIPT.format(setup=setup)], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, env=buffered)


def test_buffered_output_is_written_and_the_code_kept_without_a_teardown():
    done = _run_script()
    assert (done.returncode, done.stdout, done.stderr) == (3, "data not flushed yet", "")


def test_exit_handlers_run_and_the_teardown_does_not():
    done = _run_script("import atexit; atexit.register(lambda: print('exit handler'))")
    assert (done.returncode, done.stdout, done.stderr) == (3, "data not flushed yetexit handler\n", "")


def test_another_thread_alive_gets_the_usual_teardown_which_waits_for_it():
    done = _run_script("import threading, time; threading.Thread(target=time.sleep, args=(0.2,)).start()")
    assert (done.returncode, done.stdout, done.stderr) == (3, "data not flushed yet", "torn down\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_output_that_cannot_be_written_is_said_with_exit_1():
    with open("/dev/full", "w") as full:
        done = _run_script(stdout=full)
    assert done.returncode == 3  # the call's own failure code stands
    assert done.stderr == "error: the output could not all be written: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["explain"]])
def test_a_full_disk_under_stdout_is_one_error_line_and_exit_1(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "bbvalues", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT)
    assert (done.returncode, done.stderr) == (1, "error: cannot write standard output: No space left on device\n")

