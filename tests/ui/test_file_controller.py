"""The file controller on its own: a bare host window stands in for the main window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from designer.core import io
from designer.ui.autosave import pending_recoveries
from designer.ui.document import Document
from designer.ui.file_controller import MAX_RECENT, FileController, empty_blueprint


class Host(QWidget):
    """What the controller needs of a window: whether a blueprint shows, and to show one."""

    def __init__(self):
        super().__init__()
        self.has_blueprint = False
        self.shown: list[str] = []

    def show_opened(self) -> None:
        self.has_blueprint = True
        self.shown.append("opened")

    def show_closed(self) -> None:
        self.has_blueprint = False
        self.shown.append("closed")


class Notice:
    def __init__(self):
        self.texts: list[str] = []
        self.visible = False

    def show_notice(self, text, *choices):
        self.texts.append(text)
        self.visible = True
        self.choices = dict(choices)

    def hide(self):
        self.visible = False


@pytest.fixture
def host(qtbot):
    widget = Host()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def files(host, isolated):
    controller = FileController(Document(empty_blueprint()), isolated, Notice(), host)
    yield controller
    controller.autosaver.timer.stop()


def _edit(files):
    files.document.try_edit("Rename", lambda bp: bp.model_copy(
        update={"alliance": bp.alliance.model_copy(update={"name": "Edited"})}))


def test_opening_a_file_fills_the_document_shows_it_and_remembers_it(files, host,
                                                                       sample_file, qtbot):
    messages, recent = [], []
    files.message.connect(lambda text, _ms: messages.append(text))
    files.recentChanged.connect(recent.append)
    with qtbot.waitSignal(files.opened) as opened:
        assert files.open_file(sample_file, interactive=False)
    assert opened.args == [sample_file]
    assert files.document.path == sample_file and not files.document.is_dirty
    assert files.document.blueprint == io.load(sample_file)
    assert host.shown == ["opened"]
    assert recent == [[str(sample_file.resolve())]] == [files.recent_files()]
    assert messages == [f"Opened {sample_file}"]
    assert files.watcher.files() == [str(sample_file)]


def test_a_bad_file_is_explained_and_the_document_kept(files, host, tmp_path):
    before = files.document.blueprint
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not files.open_file(bad, interactive=False)
    assert files.document.blueprint is before and host.shown == []
    assert files.last_error and "bad.json" in files.last_error
    assert files.last_dialog is not None and files.last_dialog.parent() is host
    assert "could not be opened" in files.last_dialog.text()
    assert files.recent_files() == []
    files.last_dialog.close()


def test_saving_writes_the_file_says_so_and_remembers_it(files, host, sample_file, tmp_path):
    assert files.open_file(sample_file, interactive=False)
    _edit(files)
    saved = []
    files.saved.connect(saved.append)
    target = tmp_path / "copy.json"
    assert files.save_to(target)
    assert saved == [target] and not files.document.is_dirty
    assert io.load(target).alliance.name == "Edited"
    assert files.recent_files()[0] == str(target.resolve())


def test_save_without_a_file_asks_for_a_name_and_adds_the_suffix(files, host, tmp_path,
                                                                 monkeypatch):
    host.has_blueprint = True
    chosen = tmp_path / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    assert files.document.path is None
    assert files.save()
    assert files.document.path == tmp_path / "fresh.json" and (tmp_path / "fresh.json").exists()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert not files.save_as()  # cancelled


@pytest.mark.parametrize(("answer", "goes_on"), [(QMessageBox.StandardButton.Cancel, False),
                                                 (QMessageBox.StandardButton.Discard, True)])
def test_unsaved_changes_are_asked_about_only_when_there_are_some(files, host, sample_file,
                                                                  monkeypatch, answer, goes_on):
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answer)
    assert files.open_file(sample_file, interactive=False)
    assert files.ask_save_changes("doing it")  # clean: no question
    _edit(files)
    host.has_blueprint = False  # the start page: nothing the user could lose
    assert files.ask_save_changes("doing it") and asked == []
    host.has_blueprint = True
    assert files.ask_save_changes("doing it") is goes_on
    assert asked == ["Save the changes to alliance.json before doing it?"]


def test_closing_goes_back_to_an_empty_document_and_the_start_page(files, host, sample_file):
    assert files.open_file(sample_file, interactive=False)
    assert files.close_file()
    assert host.shown == ["opened", "closed"]
    assert files.document.path is None and files.watcher.files() == []
    assert files.document.blueprint == empty_blueprint()


def test_recent_files_newest_first_at_most_ten_and_only_existing(files, tmp_path):
    paths = []
    for i in range(MAX_RECENT + 2):
        path = tmp_path / f"f{i}.json"
        path.write_text("{}")
        paths.append(path)
        files.add_recent(path)
    files.add_recent(paths[3])  # again: moves to the top, not twice
    recent = files.recent_files()
    assert len(recent) == MAX_RECENT and recent[0] == str(paths[3].resolve())
    assert recent.count(str(paths[3].resolve())) == 1
    paths[-1].unlink()
    assert str(paths[-1].resolve()) not in files.recent_files()
    emitted = []
    files.recentChanged.connect(emitted.append)
    files.clear_recent()
    assert emitted == [[]] and files.recent_files() == []


def test_a_change_on_disk_is_flagged_once(files, host, sample_file):
    assert files.open_file(sample_file, interactive=False)
    notice = files.notice
    assert not files.check_disk() and notice.texts == []
    sample_file.write_text(sample_file.read_text() + "\n")
    assert files.check_disk()
    assert notice.visible and "changed on disk" in notice.texts[-1]
    assert set(notice.choices) == {"Reload", "Keep mine"}
    assert not files.check_disk()  # once per change
    sample_file.write_text(sample_file.read_text() + "\n")
    host.has_blueprint = False  # on the start page nothing is flagged
    assert not files.check_disk()


def test_reload_keeps_unsaved_changes_unless_the_user_agrees(files, host, sample_file,
                                                              monkeypatch):
    assert files.open_file(sample_file, interactive=False)
    _edit(files)
    edited = files.document.blueprint
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    files.reload()
    assert files.document.blueprint is edited
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    files.reload()
    assert files.document.blueprint == io.load(sample_file) and not files.document.is_dirty


def test_autosaved_changes_are_offered_back_and_need_saving(files, host, sample_file, isolated,
                                                           monkeypatch, qtbot):
    assert not files.offer_recovery()  # nothing left behind
    assert files.open_file(sample_file, interactive=False)
    _edit(files)
    edited = files.document.blueprint
    assert files.autosaver.save_now() is not None
    other = Host()
    qtbot.addWidget(other)
    again = FileController(Document(empty_blueprint()), isolated, Notice(), other)
    messages = []
    again.message.connect(lambda text, _ms: messages.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert again.offer_recovery()
    assert again.document.blueprint == edited and again.document.is_dirty
    assert again.document.path == sample_file and other.shown == ["opened"]
    assert messages == ["Recovered the autosaved changes; save to keep them"]
    again.autosaver.timer.stop()
    again.autosaver.discard()
    files.autosaver.discard()
    assert pending_recoveries() == []


def test_the_controller_keeps_no_python_reference_to_its_window(files, host):
    """Its window is its Qt parent only: a reference back would make a cycle through Qt
    objects, which PySide's garbage collection does not survive."""
    assert files.parent() is host
    assert all(value is not host for value in vars(files).values())
