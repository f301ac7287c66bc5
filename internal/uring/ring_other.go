//go:build !linux

package uring

import "errors"

// Ring is not available outside Linux.
type Ring struct{}

// NewRing reports that io_uring is not available.
func NewRing() (*Ring, error) { return nil, errors.ErrUnsupported }

// Fdatasync is never called: NewRing fails.
func (r *Ring) Fdatasync(fd int) error { return errors.ErrUnsupported }

// Fsync is never called: NewRing fails.
func (r *Ring) Fsync(fd int) error { return errors.ErrUnsupported }

// Close does nothing.
func (r *Ring) Close() error { return nil }

// InFlight is always 0: no ring sync exists here.
func InFlight() int64 { return 0 }
