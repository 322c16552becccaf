import { render, screen } from '@strapi/strapi/admin/test';
import { MessageImages } from '../../admin/src/pages/History/MessageImages';
import type { MessageImageStatus } from '../../shared';

const image = (url: string, overrides: Partial<MessageImageStatus> = {}): MessageImageStatus => ({
  url,
  state: 'stored',
  reason: null,
  attempts: 1,
  fileId: 7,
  ...overrides,
});

describe("a message's images", () => {
  it('counts them by state and lists the failed ones first, with their reason', () => {
    render(
      <MessageImages
        images={[
          image('https://cdn.example.org/a.jpg'),
          image('https://cdn.example.org/b.jpg', { state: 'pending', fileId: null }),
          image('https://cdn.example.org/c.jpg', {
            state: 'failed',
            reason: 'HTTP 404',
            fileId: null,
          }),
        ]}
      />
    );
    expect(screen.getByTestId('image-counts')).toHaveTextContent('1 stored · 1 waiting · 1 failed');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      'https://cdn.example.org/c.jpgfailedHTTP 404',
      'https://cdn.example.org/b.jpgwaiting–',
      'https://cdn.example.org/a.jpgstored–',
    ]);
  });

  it('says how many more there are past the rows it shows', () => {
    const many = Array.from({ length: 205 }, (_, index) =>
      image(`https://cdn.example.org/${index}.jpg`)
    );
    render(<MessageImages images={many} />);
    expect(screen.getByText('… and 5 more')).toBeInTheDocument();
  });
});
