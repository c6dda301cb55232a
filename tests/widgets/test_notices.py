from thamvan_lib.widgets.notices import problem_box


def test_problem_box_is_vietnamese_then_english_and_escaped(content):
    box = problem_box("failure", content)
    assert box.index("Máy chủ gặp sự cố") < box.index("The server had a problem")
    assert "The page&#x27;s kernel" in box and "<script" not in box
    assert "Tải lại trang / Reload the page" in box and 'role="alert"' in box
    assert "Đóng" not in box


def test_a_closable_box_has_a_close_button(content):
    box = problem_box("action", content, closable=True)
    assert box.count("<button") == 2 and "this.parentNode.remove()" in box


def test_the_widgets_layer_does_not_import_the_server():
    import subprocess
    import sys

    code = ("import sys, thamvan_lib.widgets.common, thamvan_lib.widgets.notices; "
            "print('thamvan_lib.server' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
