"""Analyse what a consultation collected: clean, weight, tabulate, code themes, count opinions.

Lecture steps P3.x–P4.x: after the survey, the letters and the conferences, the office
turns raw material into numbers a report can stand on. Plain pandas, no widgets; each
name is imported from the module that owns it:

* ``io.load_questionnaire_file`` reads an uploaded CSV in any encoding offices meet (UTF-8,
  UTF-16, CP1258, legacy TCVN3) and refuses what it cannot read, saying why;
* ``cleaning.clean`` drops blank and duplicated rows, fixes commune names typed without
  diacritics, blanks impossible values, and lists every change in a ``CleaningReport``;
* ``tables.weight_by_population`` gives each respondent the number of people they stand for
  (``sampling.design_weights``) and Kish's effective sample size;
* ``tables.proportion_table`` and ``tables.crosstab``: shares with Wilson confidence intervals, weighted
  or not, for one-answer and multi-select (";"-joined) questions;
* ``coding.code_text`` / ``coding.code_letters`` find the themes of a codebook
  (``content/analysis/codebook.yaml``) in letters, with or without diacritics
  (``code_letters`` searches all its texts at once, as numpy arrays:
  ``Codebook.find_many``); ``cohen_kappa`` measures how well two coders agree;
* ``frames``: the checks of a table's columns shared by the others.

Conference opinions are counted in ``minutes``; tables are drawn in ``charts``; the
files of a dataset and the meaning of their columns are in ``dataset``.

Every bad input raises ``KitError`` naming what is wrong in Vietnamese and English; the
texts are in ``content/messages/analysis.yaml``.
"""
