"""Exercises of chapter 9."""

EXERCISES = []
