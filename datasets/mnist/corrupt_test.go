package mnist

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/datasets"
)

// regzip compresses raw fast, for damaged copies of the embedded files.
func regzip(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	w.Write(raw)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDamagedFilesAreErrors feeds decode damaged copies of the test split:
// each must be an error that wraps the right sentinel and says what is
// wrong, never a panic or a partial set. The embedded files stay as they
// were.
func TestDamagedFilesAreErrors(t *testing.T) {
	before := sha256.Sum256(slices.Concat(testImages, testLabels))
	rawImages, rawLabels := gunzip(t, testImages), gunzip(t, testLabels)
	edit := func(raw []byte, f func([]byte) []byte) []byte { return regzip(t, f(slices.Clone(raw))) }
	flipGzipHeader := slices.Clone(testImages)
	flipGzipHeader[2] ^= 0xff // compression method 8 (deflate) becomes 0xf7
	flipDeflate := slices.Clone(testLabels)
	flipDeflate[len(flipDeflate)/2] ^= 0x55

	cases := []struct {
		name           string
		images, labels []byte
		want           error
		says           string
	}{
		{"truncated gzip", testImages[:len(testImages)/2], testLabels, datasets.ErrCorrupt, "images: corrupt dataset file: IDX data [10000 28 28]: truncated"},
		{"gzip cut in its trailer", testImages, testLabels[:len(testLabels)-3], datasets.ErrCorrupt, "labels: corrupt dataset file: IDX data [10000]: after the data: truncated"},
		{"flipped gzip header", flipGzipHeader, testLabels, datasets.ErrCorrupt, "gzip: invalid header"},
		{"flipped deflate byte", testImages, flipDeflate, datasets.ErrCorrupt, "labels: corrupt dataset file"},
		{"flipped IDX magic", edit(rawImages, func(b []byte) []byte { b[0] = 0x80; return b }), testLabels, datasets.ErrCorrupt, "IDX magic number 0x80000803 does not start with two zero bytes"},
		{"float IDX", edit(rawImages, func(b []byte) []byte { b[2] = 0x0d; return b }), testLabels, datasets.ErrUnsupported, "element type 0x0d (float32)"},
		{"labels for images", testImages, testImages, datasets.ErrCorrupt, "labels have dimensions [10000 28 28], want [count]"},
		{"one label short", testImages, edit(rawLabels, func(b []byte) []byte {
			b[7]-- // 10000 becomes 9999 in the header: drop the last label too
			return b[:len(b)-1]
		}), datasets.ErrCorrupt, "10000 images but 9999 labels"},
		{"label 10", testImages, edit(rawLabels, func(b []byte) []byte { b[8+42] = 10; return b }), datasets.ErrCorrupt, "label 10 of sample 42 names no class"},
		{"wrong image size", edit(rawImages, func(b []byte) []byte {
			b[11], b[15] = 14, 56 // 28x28 becomes 14x56: same bytes, wrong shape
			return b
		}), testLabels, datasets.ErrCorrupt, "images of shape [14 56], want [28 28]"},
		{"empty", nil, nil, datasets.ErrCorrupt, "images: corrupt dataset file: IDX magic number: truncated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := decode("mnist/test", c.images, c.labels)
			if s != nil || !errors.Is(err, c.want) {
				t.Fatalf("decode = %v, %v; want only an error wrapping %v", s, err, c.want)
			}
			if !strings.Contains(err.Error(), c.says) || !strings.HasPrefix(err.Error(), `mnist: dataset "mnist/test": `) {
				t.Errorf("error %q should name the split and say %q", err, c.says)
			}
		})
	}
	if sha256.Sum256(slices.Concat(testImages, testLabels)) != before {
		t.Fatal("the embedded files were modified")
	}
}
