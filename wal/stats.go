package wal

// Stats is a Writer's state for INFO persistence.
type Stats struct {
	Policy Policy
	// AppendedLSN, WrittenLSN, DurableLSN: highest LSN queued, handed to
	// the kernel, and fsynced.
	AppendedLSN, WrittenLSN, DurableLSN uint64
	// PendingBytes are appended but not yet written (aof_buffer_length).
	PendingBytes int64
	// BytesWritten and BytesSynced count over all files of this Writer.
	BytesWritten, BytesSynced int64
	Fsyncs                    int64
	// DelayedFsyncs counts writes done although a background fsync was
	// still running after MaxPostpone (aof_delayed_fsync).
	DelayedFsyncs int64
	// FsyncInProgress is true while a background fsync runs
	// (aof_pending_bio_fsync).
	FsyncInProgress bool
	// LastWriteErr and LastFsyncErr are the causes of the last failures
	// (nil: aof_last_write_status ok); Err is the sticky error.
	LastWriteErr, LastFsyncErr, Err error
}

// Stats returns a snapshot of the Writer's state.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.mu.stats
	s.AppendedLSN = w.mu.lastLSN
	s.Err = w.mu.err
	for _, seg := range w.mu.queue {
		s.PendingBytes += int64(len(seg.data))
	}
	return s
}
