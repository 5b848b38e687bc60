"""Exercises of chapter 8."""

EXERCISES = []
