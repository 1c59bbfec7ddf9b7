// Package dsp holds the signal processing that feeds spikeflow's layers
// with spectra: second-order IIR band-pass filters (Bristow-Johnson's
// audio EQ cookbook), 4th-order gammatone filters (Patterson et al.,
// in Slaney's cascade of four biquads), filterbanks with centre
// frequencies on the ERB-rate scale (Glasberg & Moore 1990) or a log
// scale, and frame-RMS envelopes that turn a sound into a spectrogram of
// channels x frames.
//
// Filters are designed in float64 and run with float64 state; what they
// hand back (filtered signals, spectrograms) is float32, spikeflow's value
// type.
package dsp
