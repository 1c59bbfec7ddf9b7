package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// The IDX format (LeCun et al., the MNIST distribution) is a header and a
// dense array: two zero bytes, a type code (0x08: unsigned byte, 0x09:
// signed byte, 0x0B: int16, 0x0C: int32, 0x0D: float32, 0x0E: float64), the
// number of dimensions, one big-endian uint32 per dimension, then the
// elements, row-major. MNIST images are magic 0x00000803 (uint8, 3 dims),
// labels 0x00000801 (uint8, 1 dim).
const (
	idxUint8   = 0x08
	maxIDXDims = 16 // far beyond any real file; bounds the header read
)

// MaxIDXBytes bounds the data an IDX file may declare, 256 MiB: five times
// the largest MNIST file, and small enough that a forged header cannot make
// a reader allocate gigabytes. ReadIDX allocates as data actually arrives,
// so a short file with a large header costs only what it holds.
const MaxIDXBytes = 256 << 20

// gzipMagic starts every gzip stream; an IDX file starts with two zero bytes,
// so the two cannot be confused.
var gzipMagic = [2]byte{0x1f, 0x8b}

// ReadIDX reads a whole IDX file of unsigned bytes from r, plain or
// gzip-compressed (recognised by the gzip magic bytes), and returns its
// dimensions and its elements, row-major. It reads r to its end: data beyond
// what the header declares is an error, as are a truncated file, a bad magic
// number, a damaged gzip stream and a declared size above MaxIDXBytes. Errors
// wrap ErrCorrupt (ErrUnsupported for a valid header of another element
// type) and say what is wrong; no partial data is returned with an error.
func ReadIDX(r io.Reader) (dims []int, data []byte, err error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && [2]byte(head) == gzipMagic {
		zr, err := gzip.NewReader(br)
		if errors.Is(err, gzip.ErrHeader) {
			return nil, nil, fmt.Errorf("%w: %w", ErrCorrupt, err) // "gzip: invalid header"
		} else if err != nil {
			return nil, nil, fmt.Errorf("%w: gzip header: %w", ErrCorrupt, noEOF(err))
		}
		defer zr.Close()
		return readIDX(bufio.NewReader(zr))
	}
	return readIDX(br)
}

// readIDX reads an uncompressed IDX file.
func readIDX(r *bufio.Reader) ([]int, []byte, error) {
	dims, size, err := readIDXHeader(r)
	if err != nil {
		return nil, nil, err
	}
	data, err := readExactly(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: IDX data %v: %w", ErrCorrupt, dims, err)
	}
	// Reading to the end also makes gzip verify its checksum.
	switch extra, err := r.Discard(1); {
	case extra > 0:
		return nil, nil, fmt.Errorf("%w: IDX data %v: bytes beyond the %d the header declares", ErrCorrupt, dims, size)
	case err != io.EOF:
		return nil, nil, fmt.Errorf("%w: IDX data %v: after the data: %w", ErrCorrupt, dims, noEOF(err))
	}
	return dims, data, nil
}

// readIDXHeader reads the magic number and dimensions and returns the
// dimensions and the data size they declare.
func readIDXHeader(r io.Reader) ([]int, int, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, 0, fmt.Errorf("%w: IDX magic number: %w", ErrCorrupt, noEOF(err))
	}
	m := binary.BigEndian.Uint32(magic[:])
	switch {
	case magic[0] != 0 || magic[1] != 0:
		return nil, 0, fmt.Errorf("%w: IDX magic number 0x%08x does not start with two zero bytes", ErrCorrupt, m)
	case magic[3] == 0 || magic[3] > maxIDXDims:
		return nil, 0, fmt.Errorf("%w: IDX magic number 0x%08x declares %d dimensions, want 1 to %d", ErrCorrupt, m, magic[3], maxIDXDims)
	case magic[2] != idxUint8:
		return nil, 0, idxTypeError(m, magic[2])
	}
	raw := make([]byte, 4*int(magic[3]))
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, 0, fmt.Errorf("%w: IDX header with %d dimensions: %w", ErrCorrupt, magic[3], noEOF(err))
	}
	dims := make([]int, magic[3])
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(raw[4*i:]))
	}
	size, ok := idxSize(dims)
	if !ok {
		return nil, 0, fmt.Errorf("%w: IDX dimensions %v exceed MaxIDXBytes (%d)", ErrCorrupt, dims, MaxIDXBytes)
	}
	return dims, size, nil
}

// idxTypeError tells a known element type this reader does not handle from
// a byte that is no IDX type at all.
func idxTypeError(m uint32, t byte) error {
	names := map[byte]string{0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"}
	if name, ok := names[t]; ok {
		return fmt.Errorf("%w: IDX magic number 0x%08x: element type 0x%02x (%s); only unsigned bytes (0x08) are read", ErrUnsupported, m, t, name)
	}
	return fmt.Errorf("%w: IDX magic number 0x%08x: unknown element type 0x%02x", ErrCorrupt, m, t)
}

// idxSize returns the number of elements of an array with the given
// dimensions, and false if it exceeds MaxIDXBytes.
func idxSize(dims []int) (int, bool) {
	if slices.Contains(dims, 0) {
		return 0, true
	}
	size := 1
	for _, d := range dims {
		if size > MaxIDXBytes/d {
			return 0, false
		}
		size *= d
	}
	return size, true
}

// readExactly reads n bytes, growing its buffer as data arrives (doubling
// from 1 MiB) rather than trusting n up front, so that a forged size costs at
// most twice the data actually present.
func readExactly(r io.Reader, n int) ([]byte, error) {
	var buf []byte
	for len(buf) < n {
		start := len(buf)
		grow := min(n-start, max(start, 1<<20))
		buf = slices.Grow(buf, grow)[:start+grow]
		k, err := io.ReadFull(r, buf[start:])
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return nil, fmt.Errorf("truncated: %d of %d bytes: %w", start+k, n, io.ErrUnexpectedEOF)
		case err != nil:
			return nil, fmt.Errorf("after %d of %d bytes: %w", start+k, n, err)
		}
	}
	return buf, nil
}

// noEOF reports a file that ends inside a header as truncated.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated: %w", io.ErrUnexpectedEOF)
	}
	return err
}

// WriteIDX writes data as an uncompressed IDX file of unsigned bytes with the
// given dimensions, the inverse of ReadIDX. It refuses dimensions whose
// product is not len(data), and more than 16 dimensions.
func WriteIDX(w io.Writer, dims []int, data []byte) error {
	if len(dims) == 0 || len(dims) > maxIDXDims {
		return fmt.Errorf("%w: WriteIDX: %d dimensions, want 1 to %d", ErrInvalid, len(dims), maxIDXDims)
	}
	head := []byte{0, 0, idxUint8, byte(len(dims))}
	for _, d := range dims {
		if d < 0 || uint64(d) > math.MaxUint32 {
			return fmt.Errorf("%w: WriteIDX: dimension %d of %v does not fit a uint32", ErrInvalid, d, dims)
		}
		head = binary.BigEndian.AppendUint32(head, uint32(d))
	}
	size, ok := idxSize(dims)
	if !ok {
		return fmt.Errorf("%w: WriteIDX: dimensions %v exceed MaxIDXBytes (%d)", ErrInvalid, dims, MaxIDXBytes)
	}
	if size != len(data) {
		return fmt.Errorf("%w: WriteIDX: dimensions %v hold %d bytes, data has %d", ErrInvalid, dims, size, len(data))
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}
