"""Renderers for detections, plans and findings; they know nothing about how those were computed."""
