"""The reform index (Chỉ số CCHC): criteria, self-assessment, appraisal, ranking."""
