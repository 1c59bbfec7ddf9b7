package datasets_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/datasets"
)

// idxBytes encodes an IDX file, failing the test on error.
func idxBytes(t testing.TB, dims []int, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := datasets.WriteIDX(&b, dims, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gz compresses b.
func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestIDXRoundTrip(t *testing.T) {
	data := []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}
	plain := idxBytes(t, []int{2, 3, 2}, data)
	// The header by hand: magic 0x00000803, then 2, 3, 2 big-endian.
	wantHead := []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2}
	if !bytes.Equal(plain[:16], wantHead) || len(plain) != 16+12 {
		t.Fatalf("WriteIDX header % x (%d bytes)", plain[:16], len(plain))
	}
	for name, file := range map[string][]byte{"plain": plain, "gzip": gz(t, plain)} {
		dims, got, err := datasets.ReadIDX(bytes.NewReader(file))
		if err != nil || !slices.Equal(dims, []int{2, 3, 2}) || !bytes.Equal(got, data) {
			t.Errorf("%s: ReadIDX = %v, %v, %v", name, dims, got, err)
		}
	}
	dims, got, err := datasets.ReadIDX(bytes.NewReader(idxBytes(t, []int{0, 28, 28}, nil)))
	if err != nil || !slices.Equal(dims, []int{0, 28, 28}) || len(got) != 0 {
		t.Errorf("empty array: %v, %v, %v", dims, got, err)
	}
}

// TestReadIDXRefusesBadInput lists the ways a file can be wrong; each must
// be an error wrapping the right sentinel and saying what is wrong.
func TestReadIDXRefusesBadInput(t *testing.T) {
	good := idxBytes(t, []int{3, 2}, []byte{1, 2, 3, 4, 5, 6})
	zipped := gz(t, good)
	flipCRC := slices.Clone(zipped)
	flipCRC[len(flipCRC)-8] ^= 0xff // the CRC-32 precedes the 4-byte length
	cases := []struct {
		name string
		in   []byte
		want error
		says string
	}{
		{"empty", nil, datasets.ErrCorrupt, "magic number: truncated"},
		{"short magic", []byte{0, 0, 8}, datasets.ErrCorrupt, "magic number: truncated"},
		{"not idx", []byte("P5\n28 28\n255\n"), datasets.ErrCorrupt, "two zero bytes"},
		{"no dims", []byte{0, 0, 8, 0}, datasets.ErrCorrupt, "declares 0 dimensions"},
		{"17 dims", []byte{0, 0, 8, 17}, datasets.ErrCorrupt, "declares 17 dimensions"},
		{"float32", []byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0}, datasets.ErrUnsupported, "(float32)"},
		{"unknown type", []byte{0, 0, 0x42, 1, 0, 0, 0, 1, 0}, datasets.ErrCorrupt, "unknown element type 0x42"},
		{"short dims", good[:10], datasets.ErrCorrupt, "header with 2 dimensions: truncated"},
		{"short data", good[:len(good)-1], datasets.ErrCorrupt, "truncated: 5 of 6 bytes"},
		{"extra data", append(slices.Clone(good), 7), datasets.ErrCorrupt, "bytes beyond the 6"},
		{"huge dims", []byte{0, 0, 8, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}, datasets.ErrCorrupt, "exceed MaxIDXBytes"},
		{"max dims", []byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, datasets.ErrCorrupt, "exceed MaxIDXBytes"},
		{"gzip header", append([]byte{0x1f, 0x8b, 9}, zipped[3:]...), datasets.ErrCorrupt, "corrupt dataset file: gzip: invalid header"},
		{"gzip cut", zipped[:len(zipped)-12], datasets.ErrCorrupt, "unexpected EOF"},
		{"gzip crc", flipCRC, datasets.ErrCorrupt, "checksum"},
		{"gzip trailing", append(slices.Clone(zipped), 1, 2, 3), datasets.ErrCorrupt, "after the data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dims, data, err := datasets.ReadIDX(bytes.NewReader(c.in))
			if !errors.Is(err, c.want) || dims != nil || data != nil {
				t.Fatalf("ReadIDX = %v, %d bytes, %v; want only an error wrapping %v", dims, len(data), err, c.want)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("error %q should say %q", err, c.says)
			}
		})
	}
}

// TestReadIDXForgedSizeAllocatesLittle: a header that declares 200 MiB but
// carries 10 bytes must not make the reader allocate the 200 MiB.
func TestReadIDXForgedSizeAllocatesLittle(t *testing.T) {
	forged := []byte{0, 0, 8, 1, 0x0c, 0x80, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := datasets.ReadIDX(bytes.NewReader(forged))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), "truncated: 10 of 209715200 bytes") {
		t.Fatalf("ReadIDX = %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("reading a forged 200 MiB header allocated %d bytes", got)
	}
}

// failingReader returns its data, then an error other than EOF.
type failingReader struct{ data []byte }

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadIDXPassesReadErrors(t *testing.T) {
	good := idxBytes(t, []int{4}, []byte{1, 2, 3, 4})
	_, _, err := datasets.ReadIDX(&failingReader{data: good[:9]})
	if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), "after 1 of 4 bytes: disk on fire") {
		t.Errorf("ReadIDX = %v", err)
	}
	var _ io.Reader = (*failingReader)(nil)
}

func TestWriteIDXRefuses(t *testing.T) {
	for _, c := range []struct {
		dims []int
		n    int
	}{{nil, 0}, {make([]int, 17), 0}, {[]int{-1}, 0}, {[]int{2, 2}, 3}, {[]int{1 << 30, 1 << 30}, 0}, {[]int{1 << 32}, 0}} {
		if err := datasets.WriteIDX(io.Discard, c.dims, make([]byte, c.n)); !errors.Is(err, datasets.ErrInvalid) {
			t.Errorf("WriteIDX(%v, %d bytes) = %v, want ErrInvalid", c.dims, c.n, err)
		}
	}
}

func TestFromIDX(t *testing.T) {
	meta := datasets.Meta{Name: "tiny", Max: 255, Classes: []string{"zero", "one", "two"}}
	images := idxBytes(t, []int{3, 1, 2}, []byte{0, 255, 10, 20, 30, 40})
	labels := idxBytes(t, []int{3}, []byte{2, 0, 1})
	s, err := datasets.FromIDX(meta, bytes.NewReader(gz(t, images)), bytes.NewReader(labels))
	if err != nil {
		t.Fatal(err)
	}
	if x, y := s.Sample(0); !slices.Equal(x, []float32{0, 255}) || y != 2 || !slices.Equal(s.Shape(), []int{1, 2}) {
		t.Errorf("sample 0 = %v, %d; shape %v", x, y, s.Shape())
	}

	bad := []struct {
		name           string
		meta           datasets.Meta
		images, labels []byte
		says           string
	}{
		{"bad images", meta, images[:5], labels, "images: corrupt"},
		{"bad labels", meta, images, labels[:9], "labels: corrupt"},
		{"count", meta, images, idxBytes(t, []int{2}, []byte{0, 1}), "3 images but 2 labels"},
		{"flat images", meta, idxBytes(t, []int{3}, []byte{1, 2, 3}), labels, "want [count, sample shape...]"},
		{"2-d labels", meta, images, idxBytes(t, []int{3, 1}, []byte{0, 1, 2}), "want [count]"},
		{"empty sample", meta, idxBytes(t, []int{3, 0}, nil), labels, "empty sample shape"},
		{"label", meta, images, idxBytes(t, []int{3}, []byte{0, 3, 1}), "label 3 of sample 1 names no class"},
		{"shape", datasets.Meta{Name: "tiny", Shape: []int{2, 1}, Max: 255, Classes: meta.Classes}, images, labels, "shape [1 2], want [2 1]"},
		{"max", datasets.Meta{Name: "tiny", Max: 16, Classes: meta.Classes}, images, labels, "value 255 at element 1 exceeds Max = 16"},
	}
	badMeta := datasets.Meta{Name: "tiny", Classes: meta.Classes} // Max 0
	if _, err := datasets.FromIDX(badMeta, bytes.NewReader(images), bytes.NewReader(labels)); !errors.Is(err, datasets.ErrInvalid) {
		t.Errorf("FromIDX with Max 0 = %v, want ErrInvalid", err)
	}
	for _, c := range bad {
		_, err := datasets.FromIDX(c.meta, bytes.NewReader(c.images), bytes.NewReader(c.labels))
		if !errors.Is(err, datasets.ErrCorrupt) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), `"tiny"`) {
			t.Errorf("%s: FromIDX = %v; want ErrCorrupt naming the set and saying %q", c.name, err, c.says)
		}
	}
}
