"""Tests of demo.generator. Not in tests/demo: that package keeps the Bình Liêu demo loaded
for all its tests, and the generator loads into an empty register only."""
