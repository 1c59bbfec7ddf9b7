package diehlcook

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/spikeflow/spikeflow/backend/cpu"
)

// small is a trained 10-neuron state with labels, for format tests.
func small(t testing.TB) *State {
	t.Helper()
	s, err := NewState(Config{Neurons: 10, Seed: 5, CheckpointEvery: 2}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(cpu.Backend{}, trainSet(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Train(nil, nil); err != nil {
		t.Fatal(err)
	}
	s.Labels = []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	return s
}

func TestCheckpointRoundTrip(t *testing.T) {
	s := small(t)
	path := filepath.Join(t.TempDir(), "dc.ckpt")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("loaded state differs from the saved one:\n got %+v\nwant %+v", got.Config, s.Config)
	}
	// Bits, not values: -0 and NaN payloads would compare equal otherwise.
	for k := range s.W {
		if math.Float32bits(got.W[k]) != math.Float32bits(s.W[k]) {
			t.Fatalf("W[%d] = %x, saved %x", k, math.Float32bits(got.W[k]), math.Float32bits(s.W[k]))
		}
	}
	// Saving again replaces the file and leaves no temporary behind.
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("directory holds %d entries after two saves, want the checkpoint only", len(ents))
	}
}

func TestCheckpointCorrupt(t *testing.T) {
	good, err := small(t).Encode()
	if err != nil {
		t.Fatal(err)
	}
	flip := func(k int) []byte {
		b := bytes.Clone(good)
		b[k] ^= 0x10
		return b
	}
	// A header that lies about the sizes, with a valid checksum.
	lying := bytes.Replace(good[:len(good)-4], []byte(`"Theta":10`), []byte(`"Theta":11`), 1)
	lying = binary.LittleEndian.AppendUint32(lying, crc(lying))
	version := bytes.Clone(good)
	version[8] = 4
	old := bytes.Clone(good)
	old[8] = 1
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "not a Diehl & Cook checkpoint"},
		{"other file", []byte("\x89PNG\r\n\x1a\n0000000000000000"), "not a Diehl & Cook checkpoint"},
		{"newer version", version, "format version 4"},
		{"current-based version 1", old, "format version 1 holds the current-based network"},
		{"truncated", good[:len(good)-100], "truncated or corrupt"},
		{"one bit in the weights", flip(len(good) - 500), "truncated or corrupt"},
		{"one bit in the header", flip(20), "truncated or corrupt"},
		{"sizes that do not fit", lying, "do not fit 10 neurons"},
	} {
		_, err := Decode(tc.b)
		if !errors.Is(err, ErrCheckpoint) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrCheckpoint saying %q", tc.name, err, tc.want)
		}
	}
	path := filepath.Join(t.TempDir(), "cut.ckpt")
	if err := os.WriteFile(path, good[:len(good)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); !errors.Is(err, ErrCheckpoint) || !strings.Contains(err.Error(), path) {
		t.Errorf("Load of a truncated file: %v, want ErrCheckpoint naming the file", err)
	}
}

// TestCheckpointVersion2 loads a checkpoint of the format before
// Config.Lockout and ThetaOffset: its network had no lockout, which
// Lockout = Refractory says, and its thresholds were -52 mV + theta, which
// -52 mV - ThetaOffset + theta + ThetaOffset keeps.
func TestCheckpointVersion2(t *testing.T) {
	s := small(t)
	good, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Replace(good[:len(good)-4], []byte(fmt.Sprintf(`,"Lockout":%d`, s.Config.Lockout)), nil, 1)
	if len(body) == len(good)-4 {
		t.Fatal("no Lockout in the header to remove")
	}
	binary.LittleEndian.PutUint32(body[8:], 2)
	binary.LittleEndian.PutUint32(body[12:], binary.LittleEndian.Uint32(body[12:])-uint32(len(good)-4-len(body)))
	got, err := Decode(binary.LittleEndian.AppendUint32(body, crc(body)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Config.Lockout != got.Config.Refractory || got.Config.Refractory != s.Config.Refractory {
		t.Errorf("version 2: Lockout %v, Refractory %v, want both %v", got.Config.Lockout, got.Config.Refractory, s.Config.Refractory)
	}
	if !slices.Equal(got.W, s.W) {
		t.Error("version 2: weights differ")
	}
	for i, th := range got.Theta {
		if want := s.Theta[i] + ThetaOffset; th != want {
			t.Fatalf("version 2: theta[%d] = %v, want %v (+ the offset)", i, th, want)
		}
	}
}

func crc(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// TestResumeIdentical trains 5 digits with a checkpoint every 2, stops at
// the checkpoint after 4, resumes from the saved file, and checks that the
// result is bit for bit the uninterrupted run's.
func TestResumeIdentical(t *testing.T) {
	set := trainSet(t)
	whole := train(t, set, 5, 2, nil)

	path := filepath.Join(t.TempDir(), "dc.ckpt")
	stop := errors.New("stop")
	s, err := NewState(Config{Neurons: 50, Seed: 3, CheckpointEvery: 2}, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := NewTrainer(cpu.Backend{}, set, s)
	err = tr.Train(nil, func(s *State) error {
		if err := s.Save(path); err != nil {
			return err
		}
		if s.Seen == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Train: %v, want the checkpoint's stop", err)
	}
	resumed, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Seen != 4 || resumed.Next != 4 {
		t.Fatalf("checkpoint at digit %d (next %d), want 4", resumed.Seen, resumed.Next)
	}
	tr, _ = NewTrainer(cpu.Backend{}, set, resumed)
	if err := tr.Train(nil, nil); err != nil {
		t.Fatal(err)
	}
	for k := range whole.W {
		if math.Float32bits(resumed.W[k]) != math.Float32bits(whole.W[k]) {
			t.Fatalf("W[%d] = %v resumed, %v uninterrupted", k, resumed.W[k], whole.W[k])
		}
	}
	if !reflect.DeepEqual(resumed, whole) {
		t.Fatalf("resumed state (thresholds, statistics, position) differs from the uninterrupted one")
	}
}

func FuzzDecode(f *testing.F) {
	good, err := small(f).Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:100])
	f.Add([]byte(checkpointMagic + "\x01\x00\x00\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrCheckpoint) {
				t.Fatalf("error %v does not wrap ErrCheckpoint", err)
			}
			return
		}
		// Whatever decodes must survive another round trip unchanged.
		again, err := s.Encode()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Decode(again)
		if err != nil {
			t.Fatalf("re-encoded state does not decode: %v", err)
		}
		if !reflect.DeepEqual(s2, s) {
			t.Fatal("state changed in a second round trip")
		}
	})
}
