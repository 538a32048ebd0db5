"""How the pipeline runs itself: jobs, schedules, the inbox sensor, alerts, partitions, freshness."""
