"""Exercises of chapter 2."""

EXERCISES = []
