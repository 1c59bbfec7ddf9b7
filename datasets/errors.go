package datasets

import "errors"

// Sentinels for the kinds of problem this package and the dataset packages
// report; test with errors.Is. The messages that wrap them name the file and
// what is wrong with it.
var (
	// ErrCorrupt: a data file is truncated, oversized or malformed, or its
	// parts disagree (say, more labels than images).
	ErrCorrupt = errors.New("corrupt dataset file")
	// ErrUnsupported: a well-formed file in a variant this package does not
	// read (an IDX file of float32, for instance).
	ErrUnsupported = errors.New("unsupported dataset format")
	// ErrNotInstalled: a dataset that is not bundled was not found on this
	// machine; the message says which package to install.
	ErrNotInstalled = errors.New("dataset not installed")
	// ErrInvalid: a Set built from inconsistent parts, or iteration
	// options out of range.
	ErrInvalid = errors.New("invalid dataset or options")
)
