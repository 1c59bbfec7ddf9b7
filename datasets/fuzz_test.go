package datasets_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/spikeflow/spikeflow/datasets"
)

// FuzzReadIDX feeds arbitrary bytes, plain or gzipped, to ReadIDX. It must
// never panic; a failure must wrap ErrCorrupt or ErrUnsupported and return
// no data; a success must return exactly the declared number of bytes, and
// for a plain file, WriteIDX must give back the input byte for byte (ReadIDX
// accepts nothing but a header and its data).
func FuzzReadIDX(f *testing.F) {
	images := idxBytes(f, []int{2, 2, 3}, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255})
	labels := idxBytes(f, []int{4}, []byte{5, 0, 4, 1})
	f.Add(images)
	f.Add(labels)
	f.Add(gz(f, images))
	f.Add(gz(f, labels))
	f.Add(images[:len(images)-1])
	f.Add(append(slices.Clone(labels), 0))
	f.Add([]byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0})
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, in []byte) {
		dims, data, err := datasets.ReadIDX(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, datasets.ErrCorrupt) && !errors.Is(err, datasets.ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrCorrupt nor ErrUnsupported", err)
			}
			if dims != nil || data != nil {
				t.Fatalf("error %v came with %v and %d bytes", err, dims, len(data))
			}
			return
		}
		size := 1
		for _, d := range dims {
			size *= d
		}
		if len(dims) == 0 || size != len(data) || size > datasets.MaxIDXBytes {
			t.Fatalf("dims %v declare %d bytes, got %d", dims, size, len(data))
		}
		var out bytes.Buffer
		if err := datasets.WriteIDX(&out, dims, data); err != nil {
			t.Fatalf("WriteIDX of what ReadIDX returned: %v", err)
		}
		if len(in) >= 2 && in[0] == 0x1f && in[1] == 0x8b {
			return // gzip: the compressed form is not unique
		}
		if !bytes.Equal(out.Bytes(), in) {
			t.Fatalf("re-encoded file differs from the input:\n% x\n% x", out.Bytes(), in)
		}
	})
}
