"""Exercises of chapter 5."""

EXERCISES = []
