package sum_test

import "testing"

func TestAdd(t *testing.T) {}

func TestTotal(t *testing.T) {}

func TestHalves(t *testing.T) {}
