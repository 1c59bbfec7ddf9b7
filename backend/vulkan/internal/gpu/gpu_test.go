//go:build cgo

package gpu

import (
	"os"
	"strings"
	"testing"
)

// skipOrFail skips a test that needs what this machine lacks, unless
// SPIKEFLOW_REQUIRE_VULKAN=1 (as CI sets, having installed lavapipe and the
// validation layer): then a missing piece is a failure, never a pass.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("SPIKEFLOW_REQUIRE_VULKAN") == "1" {
		t.Fatalf("SPIKEFLOW_REQUIRE_VULKAN=1, but "+format, args...)
	}
	t.Skipf(format, args...)
}

func open(t *testing.T, validation bool) (*Instance, *Device) {
	t.Helper()
	if validation && !HasValidationLayer() {
		skipOrFail(t, "the Khronos validation layer is not installed (apt-get install vulkan-validationlayers)")
	}
	in, err := NewInstance(Options{Validation: validation})
	if err != nil {
		skipOrFail(t, "%v", err)
	}
	t.Cleanup(in.Close)
	idx := Preferred(in.Devices())
	if idx < 0 {
		skipOrFail(t, "no Vulkan device can compute:\n%s", Describe(in.Devices()))
	}
	d, err := in.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return in, d
}

// TestValidationReports proves that validation messages reach us: a fill
// at an offset that is not a multiple of 4 is invalid usage.
func TestValidationReports(t *testing.T) {
	in, d := open(t, true)
	p, err := d.NewPool()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release()
	b, err := d.NewBuffer(64, DeviceLocal)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	c, err := p.Record()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	c.Fill(b, 2, 8, 0)
	msgs := in.Messages()
	if len(msgs) == 0 || !strings.Contains(strings.Join(msgs, "\n"), "vkCmdFillBuffer") {
		t.Fatalf("no validation message about vkCmdFillBuffer; got %q", msgs)
	}
}

// TestBufferRoundTrip uploads through a host buffer, copies on the device
// and reads back.
func TestBufferRoundTrip(t *testing.T) {
	_, d := open(t, false)
	p, err := d.NewPool()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Release()
	host, err := d.NewBuffer(4*1000, Host)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Release()
	dev, err := d.NewBuffer(4*1000, DeviceLocal)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Release()
	for i := range host.Uints() {
		host.Uints()[i] = uint32(i * i)
	}
	c, err := p.Record()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	c.Copy(dev, 0, host, 0, 4000)
	c.Barrier()
	c.Fill(host, 0, 4000, 7)
	c.Barrier()
	c.Copy(host, 400, dev, 400, 400)
	c.HostBarrier()
	if err := c.End(); err != nil {
		t.Fatal(err)
	}
	if err := p.Submit(c); err != nil {
		t.Fatal(err)
	}
	for i, v := range host.Uints() {
		want := uint32(7)
		if i >= 100 && i < 200 {
			want = uint32(i * i)
		}
		if v != want {
			t.Fatalf("word %d = %d, want %d", i, v, want)
		}
	}
}

func TestPreferred(t *testing.T) {
	devs := []DeviceInfo{{Type: CPU, Compute: true}, {Type: Integrated, Compute: true}, {Type: Discrete, Compute: false},
		{Type: Discrete, Compute: true}, {Type: Discrete, Compute: true}}
	if got := Preferred(devs); got != 3 {
		t.Errorf("Preferred = %d, want 3 (the first discrete GPU that computes)", got)
	}
	if got := Preferred(devs[:2]); got != 1 {
		t.Errorf("Preferred = %d, want 1 (integrated before CPU)", got)
	}
	if got := Preferred([]DeviceInfo{{Type: Discrete}}); got != -1 {
		t.Errorf("Preferred = %d, want -1 when nothing computes", got)
	}
}
