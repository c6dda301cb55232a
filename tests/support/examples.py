"""Small documents the domain tests and the document tests both use."""

from __future__ import annotations

from thamvan_lib.uptake import Opinion, Response, UptakeTracker


def small_tracker() -> UptakeTracker:
    """Three opinions, one answered."""
    return UptakeTracker(
        consultation="dự thảo nghị quyết về khám chữa bệnh cho người nghèo",
        asked=["Mức hỗ trợ tiền đi lại đã đủ chưa?"], place="Chuyên mục phản hồi của HĐND tỉnh",
        opinions=[Opinion("thu-thieu-thuoc", "letters", "Trạm y tế hay hết thuốc", 71),
                  Opinion("thu-nhan-luc", "letters", "Trạm thiếu bác sĩ", 50),
                  Opinion("hoi-nghi-ho-tro-tien-an", "conference", "Tiền ăn quá thấp", 17)],
        responses=[Response("thu-thieu-thuoc", "taken_up", "Bổ sung kinh phí mua thuốc",
                            handled_by="Sở Y tế", status="answered")])
