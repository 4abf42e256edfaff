"""Plans (kế hoạch), their sections and tasks, and the assignments of tasks to units."""
