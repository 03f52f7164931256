# The child registry (issue 4): Child and everything that hangs on a child's file.
