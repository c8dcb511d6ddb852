//! The Vietnamese words of the workbook and the report, in one place: sheet
//! names, column titles and the words for the contract's enumerations.

use decree_model::{DeadlineKind, Direction, DocType, Every, Format, IndexName, Level, Severity, TaskKind, Unit};

/// One column of a sheet: its title, its width in characters and whether its
/// text wraps (long Vietnamese text does; codes and numbers do not).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: f64,
    pub wrap: bool,
}

const fn col(title: &'static str, width: f64, wrap: bool) -> Column {
    Column { title, width, wrap }
}

/// The columns every record sheet ends with: where the record is in its source.
pub const WHERE: [Column; 5] = [
    col("Trang", 7.0, false),
    col("Dòng", 7.0, false),
    col("Bảng", 7.0, false),
    col("Hàng", 7.0, false),
    col("Tệp nguồn", 30.0, false),
];

pub const DOCUMENTS_SHEET: &str = "Văn bản";
pub const DOCUMENTS: [Column; 16] = [
    col("Số hiệu", 16.0, false),
    col("Loại văn bản", 14.0, false),
    col("Cơ quan ban hành", 28.0, true),
    col("Địa phương", 16.0, false),
    col("Cấp", 10.0, false),
    col("Nơi ban hành", 14.0, false),
    col("Ngày ban hành", 13.0, false),
    col("Trích yếu", 60.0, true),
    col("Từ năm", 8.0, false),
    col("Đến năm", 8.0, false),
    col("Chỉ số", 22.0, false),
    col("Người ký", 20.0, false),
    col("Chức vụ", 20.0, true),
    col("Định dạng", 9.0, false),
    col("Số trang", 8.0, false),
    col("Tệp nguồn", 30.0, false),
];

pub const INDICATORS_SHEET: &str = "Chỉ số";
pub const INDICATORS: [Column; 7] = [
    col("Văn bản", 16.0, false),
    col("Chỉ số", 10.0, false),
    col("Mã", 8.0, false),
    col("Tên chỉ tiêu", 50.0, true),
    col("Thuộc", 12.0, false),
    col("Điểm tối đa", 10.0, false),
    col("Danh mục", 14.0, false),
];

pub const TARGETS_SHEET: &str = "Chỉ tiêu";
pub const TARGETS: [Column; 14] = [
    col("Văn bản", 16.0, false),
    col("Mã chỉ tiêu", 14.0, false),
    col("Tên chỉ tiêu", 45.0, true),
    col("Năm cơ sở", 9.0, false),
    col("Điểm cơ sở", 10.0, false),
    col("Xếp hạng cơ sở", 10.0, false),
    col("Ghi cơ sở", 18.0, true),
    col("Năm mục tiêu", 9.0, false),
    col("Điểm mục tiêu", 10.0, false),
    col("Xếp hạng mục tiêu", 10.0, false),
    col("Ghi mục tiêu", 18.0, true),
    col("Điểm tối đa", 10.0, false),
    col("Chiều", 8.0, false),
    col("Đơn vị", 8.0, false),
];

pub const TASKS_SHEET: &str = "Nhiệm vụ";
pub const TASKS: [Column; 14] = [
    col("Văn bản", 16.0, false),
    col("Mã", 8.0, false),
    col("Mục", 36.0, true),
    col("Nội dung", 60.0, true),
    col("Kết quả", 30.0, true),
    col("Chủ trì", 28.0, true),
    col("Phối hợp", 28.0, true),
    col("Theo dõi", 20.0, true),
    col("Thời hạn (như văn bản)", 20.0, true),
    col("Từ ngày", 12.0, false),
    col("Đến ngày", 12.0, false),
    col("Loại thời hạn", 12.0, false),
    col("Loại", 11.0, false),
    col("Chỉ số", 10.0, false),
];

pub const FINDINGS_SHEET: &str = "Phát hiện";
pub const FINDINGS: [Column; 7] = [
    col("Văn bản", 16.0, false),
    col("Quy tắc", 22.0, false),
    col("Mức độ", 10.0, false),
    col("Nội dung", 70.0, true),
    col("Kỳ vọng", 10.0, false),
    col("Thực tế", 10.0, false),
    col("Bản ghi liên quan", 24.0, true),
];

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Lỗi",
        Severity::Warning => "Cảnh báo",
        Severity::Info => "Thông tin",
    }
}

pub fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Up => "Tăng",
        Direction::Down => "Giảm",
    }
}

pub fn task_kind(k: TaskKind) -> &'static str {
    match k {
        TaskKind::Task => "Nhiệm vụ",
        TaskKind::Duty => "Trách nhiệm",
    }
}

pub fn deadline_kind(k: DeadlineKind, every: Option<Every>) -> &'static str {
    match (k, every) {
        (DeadlineKind::Date, _) => "Ngày",
        (DeadlineKind::Period, _) => "Khoảng thời gian",
        (DeadlineKind::Recurring, Some(Every::Continuous)) => "Thường xuyên",
        (DeadlineKind::Recurring, Some(Every::Year)) => "Hằng năm",
        (DeadlineKind::Recurring, Some(Every::Half)) => "6 tháng một lần",
        (DeadlineKind::Recurring, Some(Every::Quarter)) => "Hằng quý",
        (DeadlineKind::Recurring, Some(Every::Month)) => "Hằng tháng",
        (DeadlineKind::Recurring, Some(Every::Week)) => "Hằng tuần",
        (DeadlineKind::Recurring, None) => "Định kỳ",
        (DeadlineKind::Event, _) => "Theo sự kiện",
        (DeadlineKind::None, _) => "Không có",
    }
}

pub fn level(l: Level) -> &'static str {
    match l {
        Level::National => "Trung ương",
        Level::Province => "Tỉnh",
        Level::District => "Huyện",
        Level::Commune => "Xã",
    }
}

/// The document type in Vietnamese, when the document did not print its own.
pub fn doc_type(t: DocType) -> &'static str {
    match t {
        DocType::Plan => "Kế hoạch",
        DocType::Decision => "Quyết định",
        DocType::Decree => "Nghị định",
        DocType::Directive => "Chỉ thị",
        DocType::Resolution => "Nghị quyết",
        DocType::Report => "Báo cáo",
        DocType::OfficialLetter => "Công văn",
        DocType::Program => "Chương trình",
        DocType::Other => "Khác",
    }
}

pub fn format(f: Format) -> &'static str {
    match f {
        Format::Pdf => "pdf",
        Format::Docx => "docx",
        Format::Doc => "doc",
        Format::Xlsx => "xlsx",
        Format::Xls => "xls",
        Format::Ods => "ods",
        Format::Txt => "txt",
        Format::Md => "md",
        Format::Html => "html",
        Format::Png => "png",
        Format::Jpeg => "jpeg",
        Format::Tiff => "tiff",
    }
}

pub fn indices(list: &[IndexName]) -> String {
    list.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Point => "điểm",
        Unit::Percent => "%",
        Unit::Day => "ngày",
        Unit::Hour => "giờ",
        Unit::Case => "vụ việc",
        Unit::Count => "số lượng",
        Unit::Ratio => "tỷ lệ",
    }
}
