"""Exercises of chapter 6."""

EXERCISES = []
