"""The case as a caller sees it (`CaseView`), built from its row, its timer rows and its workflow."""
from __future__ import annotations

from typing import Any, Sequence

from engine.case_data import case_data
from engine.case_sync import form_key_of, task_process_id
from engine.ports import FormRegistry
from engine.runtime import Runtime, Workflow
from engine.store.tables import Case, Timer
from engine.views import CaseView, ProcedureView, TaskView, TimerView


class CaseViews:
    def __init__(self, runtime: Runtime, forms: FormRegistry) -> None:
        self.runtime = runtime
        self.forms = forms

    def view(self, case: Case, workflow: Workflow, timer_rows: Sequence[Timer] | None = None,
             ready: Sequence[Any] | None = None) -> CaseView:
        """`timer_rows` and `ready`: the case's timer rows and its ready user tasks as the step saved
        them; without them, the rows read with the case and a walk of the workflow."""
        if ready is None:
            ready = self.runtime.ready_user_tasks(workflow)
        if timer_rows is None:
            timer_rows = list(case.timers)  # read with the case row (`CaseStore.load`)
        timers = tuple(TimerView(t.task_id, t.name, t.due_at, t.status, t.process_id, t.derivation)
                       for t in timer_rows)
        return CaseView(id=case.id, reference=case.reference or "", process_id=case.process_id, variant=case.variant,
                        model_version=case.model_version, status=case.status, version=case.row_version,
                        created_at=case.created_at, updated_at=case.updated_at, completed_at=case.completed_at,
                        data=case_data(workflow), tasks=tuple(self.task_view(t) for t in ready), timers=timers,
                        waiting_messages=tuple(sorted(self.runtime.waiting_messages(workflow))),
                        procedures=tuple(ProcedureView(*p) for p in self.runtime.procedures(workflow)),
                        deadlines_paused_since=self.runtime.deadlines_paused_since(workflow))

    def without_rows(self, case: Case, workflow: Workflow) -> CaseView:
        """A view for what follows a commit (letters), which reads no timer rows."""
        return self.view(case, workflow, [])

    def task_view(self, task: Any) -> TaskView:
        spec = task.task_spec
        form_key = form_key_of(spec)
        schema = self.forms.json_schema(form_key) if form_key and self.forms.has(form_key) else {}
        return TaskView(id=str(task.id), name=spec.bpmn_id or spec.name, title=spec.bpmn_name or spec.bpmn_id,
                        lane=spec.lane, form_key=form_key, process_id=task_process_id(task), form_schema=schema)
