"""SkillPath: role-based microlearning that turns short lessons into lasting job skills."""

__version__ = "0.1.0"
