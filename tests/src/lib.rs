//! End-to-end tests of racelab live in tests/.
