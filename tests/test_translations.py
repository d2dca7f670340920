"""English and Simplified Chinese: every text of the sources has a translation, the reading room
shows no English word once Chinese is chosen, and the choice is remembered."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ecgreader.ecg.display_filters import DisplayFilters
from ecgreader.ecg.paper import PaperSpec
from ecgreader.ecg.render import footer
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.app import start_window
from ecgreader.gui.start_page import StartPage
from ecgreader.gui.translation import (
    ENGLISH,
    SIMPLIFIED_CHINESE,
    TranslationError,
    active_language,
    catalogue_source,
    compiled_catalogue,
    finding_name,
    install_language,
    save_language,
    saved_language,
)
from ecgreader.gui.translations.update import source_files, unfinished_messages, update_catalogue
from ecgreader.store.study import DEFAULT_PROTOCOL
from tests.helpers.reading_room import open_window, press, register
from tests.helpers.study_fixtures import make_reading_study

pytestmark = pytest.mark.qt

# What may stay in Latin letters in a Chinese interface: units, lead and wave names, the product's
# name, key names of shortcuts, statistics' abbreviations and the vocabulary's finding keys.
ALLOWED_WORDS = {
    *"mm s ms mV mm/s mm/mV bpm Hz µV".split(),
    *"I II III aVR aVL aVF V1 V2 V3 V4 V5 V6".split(),
    *"P Q R S T U QRS QT QTc PR RR ST AV".split(),
    *"ECG Reader LUDB PTB XL".split(),  # the product, data sets
    *"Enter Esc Space Tab Ctrl Shift Alt Backspace PgUp PgDn Home End F1 Up Down Left Right Del".split(),
    *"AUC PPV NPV CI TP FP FN TN F1 MRMC RRRC FRRC RRFC PIN HTML PDF CSV".split(),
    *"CRBBB IRBBB CLBBB LAFB IAVB LVH LAE STE ISCH QWAVE".split(),
    *"rsr rsR rSR qR rS QS SV1 RV5 RV6 Sokolow Lyon Cornell Romhilt Estes Bazett".split(),  # QRS patterns, eponyms
    *"Obuchowski Rockette Hillis Van Dyke DeLong Wilson Fleiss Cohen Holm McNemar kappa".split(),  # statistics
    *"var tr cov1 cov2 cov3 df SE".split(),  # the Obuchowski–Rockette model's symbols
    "English",  # the language's name in itself, on the start page
}
WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z0-9]+")  # a word of two letters or more; not 3x4
TAG = re.compile(r"<[^>]+>|&[a-z]+;")
# What a person types as written: file names (ludb.csv, *.ecgstudy), CSV headers (key,finding), identifiers.
TYPED = re.compile(r"[\w*]+\.\w+|\w+(?:,\w+)+|\w+_\w+")
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}|%[0-9vmp]")


@pytest.fixture(scope="module")
def catalogue_cache(tmp_path_factory):
    """Built catalogues go to a temporary cache, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def chinese(catalogue_cache, isolated_qt):
    save_language(SIMPLIFIED_CHINESE)  # as at a start after choosing it
    install_language(SIMPLIFIED_CHINESE)
    yield
    install_language(ENGLISH)


def test_every_text_in_the_sources_has_a_translation(tmp_path):
    copy = tmp_path / "ecgreader_zh_CN.ts"
    shutil.copy(catalogue_source(SIMPLIFIED_CHINESE), copy)
    update_catalogue(copy)
    missing = unfinished_messages(copy)
    assert missing == [], "run python -m ecgreader.gui.translations.update and translate:\n" + "\n".join(
        f"[{context}] {source}" for context, source in missing
    )


def untranslatable_calls(path) -> list[str]:
    """tr()/translate() calls lupdate cannot read: inside an f-string, or on a text that is not a
    literal (allowed where the line says "texts listed", naming where lupdate finds them)."""
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    in_f_string = {id(node) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for node in ast.walk(f)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in ("tr", "translate") or not node.args:
            continue
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id == "painter":
            continue  # QPainter.translate(dx, dy) moves the drawing (render.py's footer is scanned too)
        text = node.args[0] if name == "tr" else (node.args[1] if len(node.args) > 1 else None)
        first = node.args[0]
        if text is None or (isinstance(first, ast.Constant) and not isinstance(first.value, str)):
            continue  # QPainter.translate and the like
        literal = isinstance(text, ast.Constant) and isinstance(text.value, str)
        where = f"{path.name}:{node.lineno}: {lines[node.lineno - 1].strip()}"
        if id(node) in in_f_string or (not literal and "texts listed" not in lines[node.lineno - 1]):
            found.append(where)
    return found


def test_lupdate_can_read_every_translated_text():
    offenders = [call for path in source_files() for call in untranslatable_calls(path)]
    assert offenders == [], "tr() in an f-string or on a variable:\n" + "\n".join(offenders)


def test_translations_keep_every_placeholder():
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.parse(catalogue_source(SIMPLIFIED_CHINESE)).getroot()
    wrong = [
        message.findtext("source")
        for message in root.iter("message")
        if sorted(PLACEHOLDER.findall(message.findtext("source") or ""))
        != sorted(PLACEHOLDER.findall(message.findtext("translation") or ""))
        and (message.findtext("translation") or "")
    ]
    assert wrong == []


def test_a_broken_catalogue_is_an_error_naming_the_file(catalogue_cache, monkeypatch, tmp_path):
    broken = tmp_path / "ecgreader_zh_CN.ts"
    broken.write_text("<TS><context><name>X</name><message><source>a")
    monkeypatch.setattr("ecgreader.gui.translation.CATALOGUES", tmp_path)
    with pytest.raises(TranslationError, match="ecgreader_zh_CN.ts"):
        compiled_catalogue(SIMPLIFIED_CHINESE)


def test_findings_are_named_in_the_chosen_language(chinese):
    assert finding_name("first-degree AV block") == "一度房室传导阻滞"
    assert finding_name("a study's own finding") == "a study's own finding"  # shown as written


def test_the_papers_footer_is_printed_in_the_chosen_language(chinese):
    uncalibrated = replace(synthetic_ecg(fs=500.0), amplitude_calibrated=False)
    filtered = footer(PaperSpec(filters=DisplayFilters(baseline_hz=0.5, muscle_hz=40.0, mains_hz=50)), uncalibrated)
    assert all(part in filtered for part in ("25 mm/s", "振幅未定标", "工频陷波 50 Hz", "采样率 500 Hz"))
    skipped = footer(PaperSpec(filters=DisplayFilters(muscle_hz=150.0, mains_hz=50)), synthetic_ecg(fs=100.0))
    assert "10 mm/mV" in skipped and "150 Hz 低通" in skipped
    assert english_words(f"{filtered} {skipped}", ALLOWED_WORDS) == []


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a person can read on ``root``'s visible widgets and menus."""
    found = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and not isinstance(widget, QMenu):
            continue
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        found += [(f"{name} tooltip", widget.toolTip()), (f"{name} title", widget.windowTitle())]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((name, widget.text()))
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            found.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        if isinstance(widget, QComboBox):
            found += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            found += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            orientation, model = widget.orientation(), widget.model()
            count = model.columnCount() if orientation.name == "Horizontal" else model.rowCount()
            found += [(f"{name} header", str(model.headerData(i, orientation) or "")) for i in range(count)]
        if isinstance(widget, QMenu):
            found += [(f"{name} menu", action.text()) for action in widget.actions()]
            found += [(f"{name} menu tip", action.toolTip()) for action in widget.actions()]
    return [(where, text) for where, text in found if text]


def english_words(text: str, allowed: set[str]) -> list[str]:
    plain = TYPED.sub(" ", TAG.sub(" ", text))
    return [word for word in WORD.findall(plain) if word not in allowed and not word.isdigit()]


# The study's own names (study, groups, reader, model, gold source, source ids): data, not interface.
STUDY_DATA_WORDS = {*WORD.findall("Synthetic study General doctor Specialist Dr Wang test model synthetic SRC SECRET")}


def assert_all_chinese(window: QWidget) -> None:
    offenders = [
        f"{where}: {text!r} ({', '.join(words)})"
        for where, text in visible_texts(window)
        if (words := english_words(text, ALLOWED_WORDS | STUDY_DATA_WORDS))
    ]
    assert offenders == [], "untranslated:\n" + "\n".join(offenders)


def test_the_reading_room_in_chinese_shows_no_english_word(qtbot, isolated_qt, chinese, tmp_path):
    window = open_window(qtbot, make_reading_study(tmp_path / "zh.ecgstudy"))
    assert_all_chinese(window)  # the sign-in page
    page = register(qtbot, window, "Dr Wang", "General doctor")
    qtbot.waitUntil(page.isVisible)
    assert_all_chinese(window)


def test_protocol_ratings_measurements_and_second_opinion_in_chinese(qtbot, isolated_qt, chinese, tmp_path):
    study = make_reading_study(
        tmp_path / "zh.ecgstudy",
        rating_scale="1-5",
        second_opinion_mode="after_each_case",
        show_measurements=True,
        protocol=DEFAULT_PROTOCOL,
    )
    window = open_window(qtbot, study)
    page = register(qtbot, window, "Dr Wang", "General doctor")
    qtbot.waitUntil(page.protocol_page.isVisible)
    assert_all_chinese(window)  # the default protocol and the textbook criteria
    qtbot.mouseClick(page.protocol_page.continue_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not page.protocol_page.isVisible())
    assert_all_chinese(window)  # ratings and the measurement line
    press(qtbot, window, Qt.Key_1)
    for _ in page.session.vocabulary:  # Enter goes to the next unrated finding
        qtbot.keyClicks(window.focusWidget(), "2")
        press(qtbot, window, Qt.Key_Return)
    qtbot.waitUntil(page.opinion_panel.isVisible)
    assert_all_chinese(window)


@pytest.mark.parametrize("page", ["show_coordinator", "show_case_review", "show_dashboard"])
def test_the_coordinator_pages_in_chinese_show_no_english_word(qtbot, isolated_qt, chinese, tmp_path, page):
    window = open_window(qtbot, make_reading_study(tmp_path / "zh.ecgstudy"))
    getattr(window, page)()
    assert_all_chinese(window)


@pytest.mark.parametrize("dialog", ["create study", "plan", "calibration", "shortcuts", "start"])
def test_the_dialogs_in_chinese_show_no_english_word(qtbot, isolated_qt, chinese, dialog):
    from ecgreader.gui.create_study_dialog import CreateStudyDialog
    from ecgreader.gui.main_window import MainWindow
    from ecgreader.gui.plan_dialog import PlanDialog
    from ecgreader.gui.screen_calibration_dialog import ScreenCalibrationDialog

    window = MainWindow()
    qtbot.addWidget(window)
    shown = {
        "create study": lambda: CreateStudyDialog(window),
        "plan": lambda: PlanDialog(window),
        "calibration": lambda: ScreenCalibrationDialog(window.screen(), window),
        "shortcuts": window.show_shortcuts,
        "start": lambda: window,
    }[dialog]()
    shown.show()
    assert_all_chinese(shown)


def test_the_language_choice_is_remembered_and_applied_at_start(qtbot, isolated_qt, catalogue_cache):
    page = StartPage()
    qtbot.addWidget(page)
    assert saved_language() == ENGLISH and not page.restart_note.isVisibleTo(page)
    page.language_choice.setCurrentIndex(page.language_choice.findData(SIMPLIFIED_CHINESE))
    assert saved_language() == SIMPLIFIED_CHINESE
    assert page.restart_note.isVisibleTo(page) and "重新启动" in page.restart_note.text()  # said in Chinese
    try:
        window = start_window()
        qtbot.addWidget(window)
        assert active_language() == SIMPLIFIED_CHINESE
        assert window.start_page.language_choice.currentData() == SIMPLIFIED_CHINESE
        assert not window.start_page.restart_note.isVisibleTo(window.start_page)
        buttons = [button.text() for button in window.start_page.findChildren(QAbstractButton)]
        assert "打开研究…" in buttons
    finally:
        install_language(ENGLISH)


def test_the_language_choice_sits_compact_below_the_title(qtbot, isolated_qt):
    page = StartPage()
    qtbot.addWidget(page)
    page.resize(1600, 1000)
    page.show()
    qtbot.waitExposed(page)
    title = next(label for label in page.findChildren(QLabel) if "<h1>" in label.text())
    assert page.language_choice.y() > title.y()
    assert page.language_choice.width() == page.language_choice.sizeHint().width()
