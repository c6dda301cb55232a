"""Role-play scenarios for moderators, minute-takers and office staff (the skills lecture item L8
names as headings; the criteria are the kit's own writing, content/roleplay/rubrics.yaml).

A scenario is a content file under ``content/roleplay/scenarios/``: a graph of scenes.
Each scene has narration, lines spoken by personas (``content/roleplay/personas.yaml``)
and the player's choices; each choice has its effects (rubric criteria met or broken,
changes to the state such as trust or minutes used, voices heard), its feedback and the
next scene. A scene without choices is an ending (good, mixed or bad). Trainers add a
scenario by adding a file; ``loading.load_scenarios()`` finds it and
``scenario.check_scenario`` checks its graph.

In a minute-taker scenario the file also holds what was really said, as opinion units
(speaker, group, topic, stance). A choice there says what the minutes would read
(``record`` or ``counts``), and the engine compares it with the truth by itself:
omissions, wrong speakers, softened words, merged or invented opinions, officials'
facts written as opinions, wrong counts.

``Play`` walks one scenario: ``choose(option_id)`` until ``is_over``; ``score()`` gives
the points per rubric criterion with the reason for every point lost; ``debrief()``
adds the ending, the turning points and the state after every choice. Everything is
deterministic, and ``to_dict()`` / ``from_dict()`` save and restore a play.

Modules: ``scenario`` (a checked scenario, its graph and the cross-checks of a file),
``loading`` (rubrics, personas and scenarios read from the content folder, cached until
a file changes), ``audit`` (minutes a choice writes compared with what was really said),
``engine`` (``Play``: choices, score, debrief, saving).
"""
