"""The shipped scenarios' ids and the best and worst ways through them, for the role-play tests."""

from thamvan_lib.roleplay.engine import Play

MODERATOR = "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"
MINUTES = "hoi-nghi-kcb-nguoi-ngheo-thu-ky"
OFFICE = "hop-ubnd-so-nganh"
DRAFT_LAW = "lay-y-kien-du-an-luat"

BEST = {
    MODERATOR: "neu-muc-dich hoi-mo tom-y-moi-nguoi-khac cho-va-hoi-them ghi-nhan-thong-tin "
               "nho-noi-de-hieu moi-qua-anh-lu moi-rieng-chi-em hoi-mo-them ha-nhiet-ghi-nhan "
               "hoi-mo-de-xuat chia-thoi-gian moi-gui-van-ban doc-lai-moi-sua sua-ngay",
    MINUTES: "ghi-day-du ghi-hai-y ghi-thong-tin ghi-ca-hai-y ghi-dung-nguoi-noi "
             "tach-thong-tin-de-xuat ghi-thong-tin-bhxh ghi-du-chi-my giu-nguyen-y ghi-du-chi-nga "
             "tu-choi-lich-su dem-dung dem-nhom-dung ghi-ket-thuc-day-du gui-ngay",
    OFFICE: "moi-du-ben gui-bo-cau-hoi neu-muc-dich-hop hoi-kho-khan hoi-nguon-thoi-diem "
            "yeu-cau-theo-xa xin-van-ban ghi-nhan-bao-cao ghi-ngoai-pham-vi hoi-thon-phien-dich "
            "hoi-phuong-an tom-tat-ro cap-nhat-day-du nhac-va-doi-chieu trinh-minh-bach",
    DRAFT_LAW: "tom-tat-5-van-de moi-da-dang gioi-thieu-trung-lap ghi-va-tach-rieng "
               "chuyen-chu-toa-ghi-ca-hai tong-hop-theo-dieu trinh-duyet-bao-truoc",
}
WORST = {
    MODERATOR: "vao-thang hoi-dan-dat cat-loi giai-thich-chinh-sach dong-tinh-xa tu-giai-thich "
               "bo-qua-bac-sua nho-chong-noi-thay hoi-dan-dat-chi-my gat-di tam-dung-ket-thuc",
    MINUTES: "ghi-theo-giay-moi ghi-nhe-di ghi-hoi-nghi-thong-nhat ghi-nhieu-nguoi ghi-cho-nguoi-dich "
             "ghi-thanh-phan-anh-dan ghi-ba-con-dong-tinh ghi-cho-bs-tam bo-vi-nong-gian gop-y-phu-nu "
             "dong-y-sua bao-ve-ban-sua",
    OFFICE: "chi-so-y-te chi-gui-giay-moi de-bao-cao ghi-chep-gat-dau chon-so-so-y-te "
            "chap-nhan-toan-tinh de-chi-ve dong-y-thu-hep giu-ket-luan",
    DRAFT_LAW: "gui-sat-ngay chi-chuyen-gia van-dong-dong-tinh hua-tang-phu-cap neu-y-kien-rieng "
               "chi-y-kien-dong-tinh cho-im-lang",
}


def play_through(scenario, choices: str) -> Play:
    play = Play(scenario)
    for choice in choices.split():
        play.choose(choice)
    return play
