"""Exercises of chapter 4."""

EXERCISES = []
