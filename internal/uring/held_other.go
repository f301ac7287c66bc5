//go:build !linux

package uring

import "errors"

// heldSync is not made outside Linux; quick syncs take the file's own call.
func heldSync(fd uintptr, dataOnly bool) error { return errors.ErrUnsupported }

const heldSyncs = false
