package diehlcook

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
)

// A checkpoint file is
//
//	magic    8 bytes "SFDCKPT\n"
//	version  uint32, little endian (CheckpointVersion)
//	metaLen  uint32: the length of meta
//	meta     JSON: the State without its arrays, and their lengths
//	arrays   W, Theta (float32), Running.Sum, Running.Count (float64),
//	         Recent (bytes), Labels (int32), little endian, in this order
//	crc      uint32: CRC-32C (Castagnoli) of everything before it
//
// The arrays are raw so that weights round-trip bit for bit; the meta is
// JSON so that a person can read what a checkpoint was trained with.

// CheckpointVersion is the version of the format Save writes and Load
// reads. Version 1 held the current-based model, whose weights were
// currents in mV: its checkpoints cannot be loaded (retrain). Version 2
// predates Config.Lockout and ThetaOffset: its networks had no lockout and
// load with Lockout set to Refractory, which says so, and its thresholds
// were -52 mV + theta: they load as theta + ThetaOffset, the same
// thresholds (for testing; training on from them decays theta with the
// offset).
const CheckpointVersion = 3

const checkpointMagic = "SFDCKPT\n"

// ErrCheckpoint marks a checkpoint file that cannot be loaded.
var ErrCheckpoint = errors.New("diehlcook: bad checkpoint")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// meta is the JSON part of a checkpoint.
type meta struct {
	Config     Config
	Epochs     int
	TrainLimit int
	Epoch      int
	Next       int
	Seen       int
	RecentPos  int
	// Lengths of the arrays that follow, checked against Config.Neurons.
	W, Theta, RunningSum, RunningCount, Recent, Labels int
}

// Encode returns s in the checkpoint format.
func (s *State) Encode() ([]byte, error) {
	m := meta{Config: s.Config, Epochs: s.Epochs, TrainLimit: s.TrainLimit, Epoch: s.Epoch, Next: s.Next, Seen: s.Seen,
		RecentPos: s.RecentPos, W: len(s.W), Theta: len(s.Theta), RunningSum: len(s.Running.Sum),
		RunningCount: len(s.Running.Count), Recent: len(s.Recent), Labels: len(s.Labels)}
	js, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("diehlcook: encoding the checkpoint: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(len(js) + 4*len(s.W) + 4096)
	buf.WriteString(checkpointMagic)
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, CheckpointVersion))
	buf.Write(le.AppendUint32(nil, uint32(len(js))))
	buf.Write(js)
	b := buf.Bytes()
	for _, v := range s.W {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	for _, v := range s.Theta {
		b = le.AppendUint32(b, math.Float32bits(v))
	}
	for _, v := range s.Running.Sum {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	for _, v := range s.Running.Count {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	b = append(b, s.Recent...)
	for _, v := range s.Labels {
		b = le.AppendUint32(b, uint32(v))
	}
	return le.AppendUint32(b, crc32.Checksum(b, castagnoli)), nil
}

// Decode parses a checkpoint, checking its magic, version, checksum, and
// that every size matches its config.
func Decode(b []byte) (*State, error) {
	le := binary.LittleEndian
	head := len(checkpointMagic) + 8
	if len(b) < head+4 || string(b[:len(checkpointMagic)]) != checkpointMagic {
		return nil, fmt.Errorf("%w: not a Diehl & Cook checkpoint (no %q header)", ErrCheckpoint, checkpointMagic[:7])
	}
	version := le.Uint32(b[len(checkpointMagic):])
	switch {
	case version == 1:
		return nil, fmt.Errorf("%w: format version 1 holds the current-based network of earlier spikeflow versions (weights in mV); "+
			"this program runs the conductance-based one and reads version %d: train again", ErrCheckpoint, CheckpointVersion)
	case version != 2 && version != CheckpointVersion:
		return nil, fmt.Errorf("%w: format version %d, this program reads versions 2 and %d", ErrCheckpoint, version, CheckpointVersion)
	}
	body, sum := b[:len(b)-4], le.Uint32(b[len(b)-4:])
	if got := crc32.Checksum(body, castagnoli); got != sum {
		return nil, fmt.Errorf("%w: checksum %08x, file says %08x: the file is truncated or corrupt", ErrCheckpoint, got, sum)
	}
	metaLen := int(le.Uint32(b[len(checkpointMagic)+4:]))
	if metaLen > len(body)-head {
		return nil, fmt.Errorf("%w: header of %d bytes in a file of %d", ErrCheckpoint, metaLen, len(b))
	}
	var m meta
	if err := json.Unmarshal(body[head:head+metaLen], &m); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCheckpoint, err)
	}
	if version == 2 {
		m.Config.Lockout = m.Config.Refractory
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	arrays := body[head+metaLen:]
	if want := 4*(m.W+m.Theta+m.Labels) + 8*(m.RunningSum+m.RunningCount) + m.Recent; len(arrays) != want {
		return nil, fmt.Errorf("%w: %d bytes of weights and statistics, the header says %d", ErrCheckpoint, len(arrays), want)
	}
	s := &State{Config: m.Config, Epochs: m.Epochs, TrainLimit: m.TrainLimit, Epoch: m.Epoch, Next: m.Next, Seen: m.Seen,
		RecentPos: m.RecentPos}
	f32 := func(n int) []float32 {
		v := make([]float32, n)
		for k := range v {
			v[k] = math.Float32frombits(le.Uint32(arrays))
			arrays = arrays[4:]
		}
		return v
	}
	f64 := func(n int) []float64 {
		v := make([]float64, n)
		for k := range v {
			v[k] = math.Float64frombits(le.Uint64(arrays))
			arrays = arrays[8:]
		}
		return v
	}
	s.W, s.Theta = f32(m.W), f32(m.Theta)
	if version == 2 {
		for i := range s.Theta {
			s.Theta[i] += ThetaOffset
		}
	}
	s.Running = Responses{Sum: f64(m.RunningSum), Count: f64(m.RunningCount)}
	s.Recent, arrays = append([]byte(nil), arrays[:m.Recent]...), arrays[m.Recent:]
	if m.Labels > 0 {
		s.Labels = make([]int32, m.Labels)
		for k := range s.Labels {
			s.Labels[k] = int32(le.Uint32(arrays[4*k:]))
		}
	}
	if err := s.checkValues(); err != nil {
		return nil, err
	}
	return s, nil
}

// check verifies the header's sizes against its config before anything
// is allocated from them.
func (m *meta) check() error {
	if err := m.Config.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	n := m.Config.Neurons
	if m.W != Inputs*n || m.Theta != n || m.RunningSum != Classes*n || m.RunningCount != Classes ||
		m.Recent < 0 || m.Recent > RecentWindow || (m.Labels != 0 && m.Labels != n) {
		return fmt.Errorf("%w: array sizes W %d, Theta %d, Running %d+%d, Recent %d, Labels %d do not fit %d neurons",
			ErrCheckpoint, m.W, m.Theta, m.RunningSum, m.RunningCount, m.Recent, m.Labels, n)
	}
	if m.Epochs < 1 || m.TrainLimit < 0 || m.Epoch < 0 || m.Epoch > m.Epochs || m.Next < 0 || m.Seen < 0 ||
		m.RecentPos < 0 || (m.RecentPos > 0 && m.RecentPos >= m.Recent) {
		return fmt.Errorf("%w: position out of range: epoch %d of %d, next %d, seen %d, recent at %d of %d",
			ErrCheckpoint, m.Epoch, m.Epochs, m.Next, m.Seen, m.RecentPos, m.Recent)
	}
	return nil
}

// checkValues rejects weights and statistics that training cannot have
// produced.
func (s *State) checkValues() error {
	r := rule()
	for k, v := range s.W {
		if !(v >= float32(r.WMin)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: weight %d is %v", ErrCheckpoint, k, v)
		}
	}
	for k, v := range s.Theta {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: theta %d is %v", ErrCheckpoint, k, v)
		}
	}
	for _, v := range s.Recent {
		if v > 1 {
			return fmt.Errorf("%w: running score %d, want 0 or 1", ErrCheckpoint, v)
		}
	}
	for k, l := range s.Labels {
		if l < 0 || l >= Classes {
			return fmt.Errorf("%w: label of neuron %d is %d, want 0 to %d", ErrCheckpoint, k, l, Classes-1)
		}
	}
	return nil
}

// Save writes s to path atomically: to a temporary file in the same
// directory, synced, then renamed over path, so that an interrupted save
// leaves the previous checkpoint whole.
func (s *State) Save(path string) (err error) {
	b, err := s.Encode()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("diehlcook: saving the checkpoint: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return fmt.Errorf("diehlcook: saving the checkpoint: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("diehlcook: saving the checkpoint: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("diehlcook: saving the checkpoint: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("diehlcook: saving the checkpoint: %w", err)
	}
	// The rename is durable once the directory is synced.
	if d, derr := os.Open(filepath.Dir(path)); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Load reads the checkpoint at path.
func Load(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("diehlcook: %w", err)
	}
	s, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
