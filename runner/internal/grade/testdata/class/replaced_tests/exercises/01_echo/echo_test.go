package echo_test

import "testing"

func TestEchoesWhatItReads(t *testing.T) {}

func TestEchoesEachChunkAtOnce(t *testing.T) {}

func TestEchoesLargePayload(t *testing.T) {}

func TestClosesWhenClientCloses(t *testing.T) {}

func TestSurvivesFailedConnection(t *testing.T) {}

func TestReturnsNilWhenListenerClosed(t *testing.T) {}

func TestReturnsOtherAcceptErrors(t *testing.T) {}

func TestServesClientsOneAfterAnother(t *testing.T) {}
