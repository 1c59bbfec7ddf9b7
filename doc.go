// Package spikeflow is a framework for spiking and neurodynamical networks.
//
// A network is declared as a dataflow graph of ops (package graph, with the
// op catalogue in package ops), compiled by a backend (package backend: the
// multi-core CPU backend "cpu", the reference backend "ref") and run tick by
// tick. The conformance suite (package conformance) proves that every
// backend computes what the reference semantics say, bit for bit.
//
// This package holds no code; its examples show the whole path from graph
// to spikes.
package spikeflow
