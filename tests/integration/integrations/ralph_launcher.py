"""Serve Ralph's LRS on loopback with the filesystem backend, for SkillPath's real-LRS test.

Runs inside Ralph's own virtual environment (it pins FastAPI): ``python ralph_launcher.py PORT``.
The test sets RALPH_RUNSERVER_BACKEND=fs, RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH and
RALPH_AUTH_FILE. Ralph's fs backend creates its file on each write and so refuses a second POST
("already exists"); appending makes it a usable store.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
