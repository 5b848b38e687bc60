"""Exercises of chapter 3."""

EXERCISES = []
