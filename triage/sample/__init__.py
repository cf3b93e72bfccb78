"""The bundled demo mailbox (`mailbox.mbox`), its ground truth and their generator."""
