//! Unit tests of the document: fitting ops, conflicts and their resolution, status.
